/** Report-wide settings shared by the section renderers. */
export interface ReportContext {
  /** Field names in display order. */
  readonly fields: readonly string[];
  /** Largest weight magnitude in the model, so weight bars are comparable across the page. */
  readonly weightScale: number;
}
