import QRCode from "qrcode";

/** A QR code for a link as an SVG data: URL (the CSP allows data: images; the poster stays one document). */
export async function qrCode(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: "svg", margin: 0, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
