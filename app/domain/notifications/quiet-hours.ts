import { timeZone } from "~/i18n";

// Quiet hours (issue 17, item 5): no email is sent from 22:00 to 08:00 in
// the organisation's time zone to those who keep them on (the default); it
// waits until 08:00. Pure: the sender asks it with the time it sends at.

export const quietFromHour = 22;
export const quietUntilHour = 8;

const partsFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The wall-clock reading in the organisation's zone, as if it were UTC (its fields are the local ones). */
function localReading(at: Date): Date {
  const p = Object.fromEntries(partsFormat.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return new Date(Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!));
}

/**
 * The end of the quiet hours `at` falls in (the next 08:00 in the
 * organisation's zone), or null when `at` is outside them.
 */
export function quietHoursEnd(at: Date): Date | null {
  const local = localReading(at);
  const hour = local.getUTCHours();
  if (hour >= quietUntilHour && hour < quietFromHour) return null;
  const end = new Date(local);
  if (hour >= quietFromHour) end.setUTCDate(end.getUTCDate() + 1);
  end.setUTCHours(quietUntilHour, 0, 0, 0);
  // Back from the local reading to the instant, by the zone's offset at `at` (Asia/Shanghai has kept +08:00 since 1991).
  const offset = local.getTime() - Math.floor(at.getTime() / 1000) * 1000;
  return new Date(end.getTime() - offset);
}
