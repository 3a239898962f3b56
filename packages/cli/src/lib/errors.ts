/** Raised for a command line that cannot be run; printed without a stack trace. */
export class UsageError extends Error {}
