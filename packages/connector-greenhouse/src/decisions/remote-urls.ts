/**
 * Decision [GUESS from Greenhouse's web app]: links into the Greenhouse UI, under the configured
 * app origin (`appUrl`, default `https://app.greenhouse.io`): a job's dashboard is
 * `/sdash/{job_id}`, a candidate's profile `/people/{candidate_id}`, an application the profile
 * with `?application_id={id}`.
 */
export const remoteUrls = {
  /** The job's dashboard. */
  job: (appUrl: string, jobId: string): string => `${trim(appUrl)}/sdash/${jobId}`,
  /** The candidate's profile. */
  candidate: (appUrl: string, candidateId: string): string => `${trim(appUrl)}/people/${candidateId}`,
  /** The candidate's profile opened on the application. */
  application: (appUrl: string, candidateId: string, applicationId: string): string =>
    `${trim(appUrl)}/people/${candidateId}?application_id=${applicationId}`,
};

const trim = (url: string): string => url.replace(/\/+$/, "");
