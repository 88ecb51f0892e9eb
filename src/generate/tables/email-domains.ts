/** Free-mail domains with rough US market-share weights. */
export const FREE_MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 55],
  ['yahoo.com', 14],
  ['hotmail.com', 8],
  ['outlook.com', 6],
  ['icloud.com', 6],
  ['aol.com', 4],
  ['comcast.net', 2],
  ['msn.com', 1.5],
  ['proton.me', 1],
  ['att.net', 1.5],
  ['verizon.net', 1],
];

/** Shared role mailboxes a company hands out instead of personal addresses. */
export const ROLE_LOCAL_PARTS: readonly string[] = [
  'info',
  'support',
  'sales',
  'office',
  'billing',
  'hello',
  'contact',
  'admin',
  'accounts',
  'team',
  'orders',
  'hr',
];
