// Any address no page has: the 404 page, inside the normal layout (so the
// header, the language and the person's own choices are all there).
export async function loader() {
  throw new Response(null, { status: 404 });
}

export default function NotFound() {
  return null;
}
