// Every table's id here is a PostgreSQL `integer` (serial or identity). A
// number outside 1..2^31-1 names no row, and handing it to the database is an
// error ("out of range for type integer", or "NaN" for what was not a number),
// which would be a 500 where the page means "not found". Client-safe.

/** The largest id a PostgreSQL `integer` column holds. */
export const maxRowId = 2 ** 31 - 1;

/** Whether `id` could be a row's id: a whole number from 1 to maxRowId. */
export const isRowId = (id: number): boolean => Number.isInteger(id) && id >= 1 && id <= maxRowId;
