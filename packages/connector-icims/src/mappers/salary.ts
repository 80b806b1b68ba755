import type { SalaryPeriod } from "@atsync/core/connector";
import { num, obj, text } from "./icims-json.js";

/**
 * Job fields holding the salary range. iCIMS' currency fields look like
 * `{amount, amountstring, currency}` (salary values in iForms add `timeframe`); the field ids
 * themselves are not documented publicly, so these are guesses kept in one place.
 */
export const SALARY_FIELDS = { from: "minsalary", to: "maxsalary" } as const;

const PERIODS: readonly [RegExp, SalaryPeriod][] = [
  [/\b(year|yearly|annual|annually|per annum)\b/i, "YEAR"],
  [/\b(month|monthly)\b/i, "MONTH"],
  [/\b(bi-?weekly|two weeks|fortnight)\b/i, "TWO_WEEKS"],
  [/\b(week|weekly)\b/i, "WEEK"],
  [/\b(day|daily)\b/i, "DAY"],
  [/\b(hour|hourly)\b/i, "HOUR"],
];

/** The salary period of a timeframe label ("Annually" → YEAR, "Hourly" → HOUR, …), or null. */
export function salaryPeriodOf(timeframe: string | null): SalaryPeriod | null {
  if (timeframe === null) return null;
  return PERIODS.find(([pattern]) => pattern.test(timeframe))?.[1] ?? null;
}

/** Salary range of a job: amounts, currency and period from the `SALARY_FIELDS` (nulls when absent). */
export function salaryOf(job: Record<string, unknown>): {
  salary_amount_from: number | null;
  salary_amount_to: number | null;
  salary_currency: string | null;
  salary_period: SalaryPeriod | null;
} {
  const from = job[SALARY_FIELDS.from];
  const to = job[SALARY_FIELDS.to];
  const amount = (value: unknown) => num(obj(value)?.["amount"] ?? value);
  const pick = (key: string) => text(obj(from)?.[key]) ?? text(obj(to)?.[key]);
  return {
    salary_amount_from: amount(from),
    salary_amount_to: amount(to),
    salary_currency: pick("currency"),
    salary_period: salaryPeriodOf(pick("timeframe")),
  };
}
