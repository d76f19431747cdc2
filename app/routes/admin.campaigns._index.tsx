import { redirect } from "@remix-run/node";

// The campaign list lives at /campaigns (administrators see drafts there too).
export const loader = () => redirect("/campaigns");
