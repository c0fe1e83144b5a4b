/**
 * What the forms use of libphonenumber-js, imported by `contact-fields` when a number is first
 * read: a dynamic import of the package itself would fetch all it exports (as-you-type
 * formatting, number search), half as much again.
 */
export { parsePhoneNumberFromString } from 'libphonenumber-js/min';
