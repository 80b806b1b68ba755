import { remoteRecordSchema } from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { formatSearchDateTime, parseIcimsDate } from "../api/dates.js";
import { mapApplication } from "./applications.js";
import { mapCandidate } from "./candidates.js";
import { emailAddresses, phoneNumbers, socialMedia } from "./contacts.js";
import { employmentTypeOf } from "./employment-type.js";
import { mapJob } from "./jobs.js";
import { personLocation } from "./location.js";
import { salaryOf, salaryPeriodOf } from "./salary.js";
import { mapUser } from "./users.js";

const link = (type: string, id: number, value: string) => ({
  id,
  value,
  profile: `https://api.icims.com/customers/4711/${type}/${id}`,
});
const node = (id: string, value: string) => ({ id, value, formattedvalue: value });

describe("iCIMS dates", () => {
  it.each([
    ["2024-05-17 03:45 PM", "2024-05-17T15:45:00.000Z"],
    ["2024-05-17 12:05 AM", "2024-05-17T00:05:00.000Z"],
    ["2024-05-17 12:30 PM", "2024-05-17T12:30:00.000Z"],
    ["2013-03-25 4:00 AM", "2013-03-25T04:00:00.000Z"],
    ["2024-05-17", "2024-05-17T00:00:00.000Z"],
    ["2024-02-30", null],
    ["2024-05-17 13:00 PM", null],
    ["17/05/2024", null],
    [42, null],
  ])("parses %j → %s", (text, iso) => {
    expect(parseIcimsDate(text)).toBe(iso);
  });

  it.each([
    ["2024-05-17T15:45:59.999Z", "2024-05-17 03:45 PM"],
    ["2024-05-17T00:00:00Z", "2024-05-17 12:00 AM"],
    ["2024-05-17T12:00:00Z", "2024-05-17 12:00 PM"],
    ["2024-12-31T23:59:00Z", "2024-12-31 11:59 PM"],
  ])("formats %s → %s (UTC, minute precision)", (iso, text) => {
    expect(formatSearchDateTime(new Date(iso))).toBe(text);
  });
});

describe("employment type (positiontype)", () => {
  it.each([
    ["Full-Time Regular", "FULL_TIME"],
    ["Part-Time Regular", "PART_TIME"],
    ["Contract", "CONTRACT"],
    ["Temporary", "SEASONAL"],
    ["Seasonal Worker", "SEASONAL"],
    ["Internship", "INTERNSHIP"],
    ["Part time intern", "INTERNSHIP"],
    ["Per Diem", null],
    [null, null],
  ])("%s → %s", (label, type) => {
    expect(employmentTypeOf(label)).toBe(type);
  });
});

describe("salary", () => {
  it.each([
    ["Annually", "YEAR"],
    ["per annum", "YEAR"],
    ["Monthly", "MONTH"],
    ["Bi-Weekly", "TWO_WEEKS"],
    ["Weekly", "WEEK"],
    ["Daily", "DAY"],
    ["Hourly", "HOUR"],
    ["Per project", null],
  ])("period %s → %s", (timeframe, period) => {
    expect(salaryPeriodOf(timeframe)).toBe(period);
  });

  it("reads amounts, currency and timeframe from currency-shaped fields", () => {
    expect(
      salaryOf({
        minsalary: { amount: 90000, amountstring: "90,000.00", currency: "USD", timeframe: "Annually" },
        maxsalary: { amount: 110000, amountstring: "110,000.00", currency: "USD" },
      }),
    ).toEqual({
      salary_amount_from: 90000,
      salary_amount_to: 110000,
      salary_currency: "USD",
      salary_period: "YEAR",
    });
    expect(salaryOf({})).toEqual({
      salary_amount_from: null,
      salary_amount_to: null,
      salary_currency: null,
      salary_period: null,
    });
  });
});

describe("contacts and location", () => {
  it("keeps valid e-mail addresses only", () => {
    expect(emailAddresses("ana@example.org")).toEqual([{ email_address: "ana@example.org", type: null }]);
    expect(emailAddresses("not-an-email")).toEqual([]);
    expect(emailAddresses(undefined)).toEqual([]);
  });

  it("maps the phones collection with the phone type label", () => {
    expect(
      phoneNumbers([
        { entry: 1, phonetype: node("D83001", "Mobile"), phonenumber: "303-555-0142" },
        { entry: 2, phonenumber: "303-555-0100" },
        { entry: 3, phonetype: node("D83002", "Home") },
      ]),
    ).toEqual([
      { phone_number: "303-555-0142", type: "Mobile" },
      { phone_number: "303-555-0100", type: null },
    ]);
  });

  it("finds social profiles by URL host", () => {
    expect(
      socialMedia({
        linkedinurl: "https://www.linkedin.com/in/ana",
        githuburl: "https://github.com/ana",
        twitterurl: "nope",
      }),
    ).toEqual([
      { link: "https://www.linkedin.com/in/ana", type: "linkedin", username: null },
      { link: "https://github.com/ana", type: "github", username: null },
    ]);
  });

  it("takes the home address, with state and country abbreviations", () => {
    const work = { entry: 1, addresstype: node("D84001", "Work"), addresscity: "Denver" };
    const home = {
      entry: 2,
      addresstype: node("D84002", "Home"),
      addressstreet1: "44 Pearl St",
      addresscity: "Boulder",
      addressstate: { id: "D41001006", abbrev: "CO", value: "Colorado" },
      addresszip: "80302",
      addresscountry: { id: "D41001", abbrev: "US", value: "United States" },
    };
    expect(personLocation([work, home])).toEqual({
      street_1: "44 Pearl St",
      street_2: null,
      city: "Boulder",
      state: "CO",
      zip_code: "80302",
      country: "US",
      raw: "44 Pearl St, Boulder, CO, 80302, US",
    });
    expect(personLocation([work])?.city).toBe("Denver");
    expect(personLocation(undefined)).toBeNull();
  });
});

describe("record mappers (output parses with the model's remote schema)", () => {
  it("maps a job", () => {
    const job = mapJob(
      "1187",
      {
        jobtitle: "Senior Payroll Analyst (Hybrid)",
        jobid: "2024-1187",
        folder: node("D31001", "Approved"),
        joblocation: {
          id: 41,
          companyid: 902,
          value: "Acme - Denver - 1600 Blake St Denver, Colorado 80202 ",
          address: "x",
        },
        positiontype: node("C18877", "Full-Time Regular"),
        department: node("C1", "Finance"),
        overview: "<p>Own payroll.</p>",
        recruiter: link("people", 207, "Marcus Lee"),
        startdate: "2024-06-01",
        field12345: "custom",
        links: [],
      },
      null,
    );
    expect(job).toMatchObject({
      remote_id: "1187",
      name: "Senior Payroll Analyst (Hybrid)",
      job_code: "2024-1187",
      description: "<p>Own payroll.</p>",
      status: "OPEN",
      employment_type: "FULL_TIME",
      department: "Finance",
      remote_work_status: "HYBRID",
      location: { raw: "Acme - Denver - 1600 Blake St Denver, Colorado 80202", city: null },
      opened_at: "2024-06-01T00:00:00.000Z",
      contact_remote_id: "207",
      custom_fields: { field12345: "custom" },
    });
    expect(job.integration_fields.map((f) => [f.key, f.type])).toContainEqual(["field12345", "CUSTOM"]);
    expect(job.integration_fields.some((f) => f.key === "links")).toBe(false);
    expect(remoteRecordSchema("jobs").safeParse(job).success).toBe(true);
  });

  it("maps a job with unknown folder and position type to nulls, keeping the raw values", () => {
    const raw = { jobtitle: "X", folder: node("C9", "On Hold"), positiontype: node("C8", "Per Diem") };
    const job = mapJob("1", raw, null);
    expect(job).toMatchObject({ status: null, employment_type: null, remote_data: raw });
    expect(remoteRecordSchema("jobs").safeParse(job).success).toBe(true);
  });

  it("maps a candidate", () => {
    const candidate = mapCandidate(
      "50912",
      {
        firstname: "Ana",
        lastname: "Okafor",
        email: "ana.okafor@example.org",
        phones: [{ entry: 7781, phonetype: node("D83001", "Mobile"), phonenumber: "303-555-0142" }],
        source: "Job Board",
        sourcename: "ExampleBoard",
        workexperience: [
          { entry: 1, workemployer: "Old Co", worktitle: "Clerk" },
          { entry: 2, workemployer: "Acme", worktitle: "Analyst", iscurrent: true },
        ],
        updateddate: "2024-05-17 03:45 PM",
      },
      null,
    );
    expect(candidate).toMatchObject({
      first_name: "Ana",
      last_name: "Okafor",
      company: "Acme",
      title: "Analyst",
      source: "Job Board",
      email_addresses: [{ email_address: "ana.okafor@example.org", type: null }],
      phone_numbers: [{ phone_number: "303-555-0142", type: "Mobile" }],
      remote_updated_at: "2024-05-17T15:45:00.000Z",
    });
    expect(remoteRecordSchema("candidates").safeParse(candidate).success).toBe(true);
  });

  it("maps an application, with outcome from the status's bin and created time from the status log", () => {
    const application = mapApplication(
      "88013",
      {
        baseprofile: link("jobs", 1187, "Senior Payroll Analyst"),
        associatedprofile: link("people", 50912, "Ana Okafor"),
        status: node("C36951", "Not Selected - Not Qualified"),
        submittalstatuslog: [
          { status: node("C36951", "x"), updatedDate: "2024-05-20 10:00 AM" },
          { status: node("D10100", "y"), updatedDate: "2024-05-17 03:45 PM" },
        ],
      },
      (status) => (status === "C36951" ? "Not Selected" : null),
      null,
    );
    expect(application).toMatchObject({
      current_stage_remote_id: "C36951",
      job_remote_id: "1187",
      candidate_remote_id: "50912",
      outcome: "DECLINED",
      remote_created_at: "2024-05-17T15:45:00.000Z",
    });
    expect(remoteRecordSchema("applications").safeParse(application).success).toBe(true);
  });

  it("maps an application without status or profiles to nulls", () => {
    const application = mapApplication("1", {}, () => null, null);
    expect(application).toMatchObject({
      outcome: null,
      current_stage_remote_id: null,
      job_remote_id: null,
      candidate_remote_id: null,
    });
    expect(remoteRecordSchema("applications").safeParse(application).success).toBe(true);
  });

  it("maps a user, dropping an invalid e-mail", () => {
    const user = mapUser("207", { firstname: "Marcus", lastname: "Lee", email: "marcus at acme" }, null);
    expect(user).toMatchObject({
      first_name: "Marcus",
      last_name: "Lee",
      email: null,
      status: null,
      system_roles: [],
    });
    expect(remoteRecordSchema("users").safeParse(user).success).toBe(true);
  });
});
