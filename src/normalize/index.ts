export { foldText, foldTokens } from './text.js';
export {
  normalizeEmail,
  emailLocalBase,
  isRoleLocalPart,
  type EmailResult,
  type EmailOptions,
} from './email.js';
export { isFreeMailDomain } from './free-mail-domains.js';
export { normalizePhone, type PhoneResult } from './phone.js';
export {
  normalizeGivenName,
  normalizeFamilyName,
  splitFullName,
  nameInitial,
  type NameParts,
} from './name.js';
export { givenNameVariants, sameGivenName } from './nicknames.js';
export { phoneticKey, phoneticKeys } from './phonetic.js';
export { normalizeCompany, type CompanyName } from './company.js';
export { registrableDomain, companyDomain } from './domain.js';
export {
  normalizeStreet,
  normalizeCity,
  normalizePostcode,
  normalizeState,
  normalizeCountry,
} from './address.js';
export { normalizeBirthDate, type BirthDateResult, type BirthDateOptions } from './birth-date.js';
