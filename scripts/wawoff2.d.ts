// wawoff2 2.0.1 (Google's woff2 as WebAssembly) has no types; the one call scripts/font-woff2.ts makes.
declare module "wawoff2" {
  export function compress(font: Uint8Array): Promise<Uint8Array>;
}
