/**
 * The secret of an `Authorization: Bearer <token>` header, as newToken()
 * makes them (base64url; 20 to 200 characters accepted), or null. One reading
 * for every bearer-token door: SCIM (decision 0047) and the metrics API
 * (decision 0049); both then look the secret's SHA-256 up (auth.server.ts).
 */
export function bearerSecret(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/i.exec(authorization ?? "");
  return match ? match[1] : null;
}
