/**
 * The comment that marks a statement to be sent as a named prepared statement
 * (db/client.ts sends it so; db/precompiled.ts puts it on the statements it
 * builds). A module of its own with no imports: the Remix build bundles its
 * own copy of what the domain imports, and both copies read this one literal.
 */
export const preparedMark = "/* prepared */";
