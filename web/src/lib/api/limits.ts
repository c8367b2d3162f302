/** The API's default page sizes (server/api/routes/{traces,logs}); the forms offer more. */
export const DEFAULT_TRACE_LIMIT = 20;
export const DEFAULT_LOG_LIMIT = 100;
