/** Ways a 10-digit NANP number is written in CRM exports. */
export const PHONE_STYLES = ['paren', 'dash', 'dot', 'digits', 'e164', 'intl_paren', 'intl_dash'] as const;
export type PhoneStyle = (typeof PHONE_STYLES)[number];

/** Formats a 10-digit US number, e.g. "+1 (415) 555-0100" or "415.555.0100", with an optional extension ("415-555-0100 x12"). */
export function formatPhone(digits: string, style: PhoneStyle, ext = '', extPrefix = ' x'): string {
  const a = digits.slice(0, 3);
  const b = digits.slice(3, 6);
  const c = digits.slice(6, 10);
  let text: string;
  switch (style) {
    case 'paren':
      text = `(${a}) ${b}-${c}`;
      break;
    case 'dash':
      text = `${a}-${b}-${c}`;
      break;
    case 'dot':
      text = `${a}.${b}.${c}`;
      break;
    case 'digits':
      text = digits;
      break;
    case 'e164':
      text = `+1${digits}`;
      break;
    case 'intl_paren':
      text = `+1 (${a}) ${b}-${c}`;
      break;
    case 'intl_dash':
      text = `+1 ${a}-${b}-${c}`;
      break;
  }
  return ext ? `${text}${extPrefix}${ext}` : text;
}
