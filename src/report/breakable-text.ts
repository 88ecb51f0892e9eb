import { escapeHtml } from './html-escape.js';
import { raw, type SafeHtml } from './html-template.js';

/** Escapes a value and lets long emails, URLs and identifiers wrap after `@ . / _` instead of mid-word. */
export function breakableText(value: string): SafeHtml {
  return raw(
    value
      .split(/(?<=[@./_])(?=.)/)
      .map(escapeHtml)
      .join('<wbr>'),
  );
}
