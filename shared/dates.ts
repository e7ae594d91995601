/**
 * Calendar days as the user reads them: in Colombia (America/Bogota, UTC−5 all year). Shared by
 * the API (expiry alerts, form checks) and the popup (the same form checks).
 */
const BOGOTA = new Intl.DateTimeFormat("en-CA", {
  timeZone: "America/Bogota",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** Today's date in Bogotá as YYYY-MM-DD. */
export function bogotaDate(now: Date): string {
  return BOGOTA.format(now);
}
