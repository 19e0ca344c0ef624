// Creditor sign-in: email + password, then a TOTP code (or a one-time recovery code).
// Password guesses are throttled per (email, client address) pair and per email
// (creditor-sign-in-throttle.server.ts): the same for an unknown email as for a known one,
// so the answers never say whether an email exists, and a stranger's failures never lock
// the owner out for good. The second step is only reached with the right password; five
// wrong codes there pause the account for 15 minutes and end its pending sessions.
//
// The flow lives in creditor-sign-in (password, sessions, sign-out), creditor-second-factor
// (TOTP and recovery codes, enrolment), creditor-team and creditor-invites (the users of
// one creditor); this module is their one entry for routes and tests.
export * from "./creditor-sign-in.server";
export * from "./creditor-second-factor.server";
export * from "./creditor-team.server";
export * from "./creditor-invites.server";
