// Dates, durations and numbers the Vietnamese way, in the site's time zone.

let timeZone = "Asia/Ho_Chi_Minh";

/** Set once the site settings are read (`site.timezone`). */
export function useTimeZone(tz: string): void {
  timeZone = tz;
}

function parts(iso: string): Record<string, string> {
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const out: Record<string, string> = {};
  for (const p of fmt.formatToParts(new Date(iso))) out[p.type] = p.value;
  return out;
}

/** "04/12/2026" */
export function date(iso: string | null | undefined): string {
  if (!iso) return "";
  const p = parts(iso);
  return `${p.day}/${p.month}/${p.year}`;
}

/** "14:30 04/12/2026" */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const p = parts(iso);
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** A YYYY-MM-DD calendar date as "22/11/2026". */
export function calendarDate(ymd: string | null | undefined): string {
  if (!ymd) return "";
  const [y, m, d] = ymd.split("-");
  return `${d}/${m}/${y}`;
}

/** "Thứ Sáu, 04/12/2026" for the header. */
export function today(now = new Date()): string {
  const weekday = new Intl.DateTimeFormat("vi-VN", { timeZone, weekday: "long" }).format(now);
  const label = weekday.charAt(0).toUpperCase() + weekday.slice(1);
  return `${label}, ${date(now.toISOString())}`;
}

/** "1.234.567" */
export function count(n: number): string {
  return new Intl.NumberFormat("vi-VN").format(n);
}

/** "06:52" or "1:02:05" */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
