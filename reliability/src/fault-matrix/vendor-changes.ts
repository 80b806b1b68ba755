import type { IcimsSimulator, ProfileType, SimRecord } from "@atsync/icims-simulator";
import { personKind } from "../../../packages/connector-icims/src/decisions/candidates.js";
import { hiringTeamPersonIds } from "../../../packages/connector-icims/src/decisions/hiring-team.js";
import type { Rng } from "./random.js";
import type { CheckedModel } from "./truth.js";

/** Vendor-side changes the scenarios make, by kind. */
export const CHANGE_KINDS = [
  "update_candidate",
  "update_user_email",
  "update_job",
  "close_job",
  "move_application",
  "create_candidate",
  "create_job",
  "create_application",
  "purge_candidate",
  "purge_job",
  "purge_application",
  "merge_candidates",
] as const;

/** One of `CHANGE_KINDS`. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const WEIGHTS: Record<ChangeKind, number> = {
  update_candidate: 6,
  update_user_email: 2,
  update_job: 2,
  close_job: 1,
  move_application: 6,
  create_candidate: 2,
  create_job: 1,
  create_application: 3,
  purge_candidate: 1,
  purge_job: 0.5,
  purge_application: 1,
  merge_candidates: 1,
};

const HIDEABLE: ProfileType[] = ["people", "jobs", "applicantworkflows"];
const linkId = (value: unknown): number | null => {
  const id = (value as { id?: unknown } | undefined)?.id;
  return typeof id === "number" ? id : typeof id === "string" && /^\d+$/.test(id) ? Number(id) : null;
};
const folderOf = (record: SimRecord) => (record["folder"] as { value?: string } | undefined)?.value ?? null;

/**
 * Applies seeded vendor changes straight to the simulator's state (as people working in iCIMS
 * would) and hides records (the `hidden_records` fault), keeping what the checks need: which
 * records a merge folded away and which are hidden. Users (people jobs name as hiring team) are
 * never purged or merged, so the set of users only changes through jobs.
 */
export class VendorChanges {
  /** Changes applied, per kind. */
  readonly applied: Record<ChangeKind, number> = Object.fromEntries(
    CHANGE_KINDS.map((k) => [k, 0]),
  ) as Record<ChangeKind, number>;
  /** Records hidden so far (undone by `unhideAll`). */
  hiddenCount = 0;
  /** Remote ids a merge folded into a survivor, per model (their ghosts are duplicates). */
  readonly mergedAway = new Map<CheckedModel, Set<string>>([
    ["candidates", new Set()],
    ["applications", new Set()],
  ]);
  private readonly hidden = new Map<ProfileType, Set<number>>(HIDEABLE.map((t) => [t, new Set()]));
  /** Every record hidden at some point of the scenario. */
  readonly everHidden = new Map<ProfileType, Set<number>>(HIDEABLE.map((t) => [t, new Set()]));
  private serial = 0;

  constructor(
    private readonly sim: IcimsSimulator,
    private readonly rng: Rng,
  ) {}

  /** Applies `count` random changes. */
  apply(count: number): void {
    for (let i = 0; i < count; i++) this.applyOne();
  }

  /** Applies one random change (weighted by kind); a change that finds no record to act on is skipped. */
  applyOne(): void {
    const total = Object.values(WEIGHTS).reduce((a, b) => a + b, 0);
    let roll = this.rng.next() * total;
    let kind: ChangeKind = "update_candidate";
    for (const k of CHANGE_KINDS) {
      roll -= WEIGHTS[k];
      if (roll < 0) {
        kind = k;
        break;
      }
    }
    if (this.change(kind)) this.applied[kind] += 1;
  }

  /** Hides one random visible person, job or workflow from the API user. */
  hideOne(): void {
    const type = this.rng.pick(HIDEABLE);
    const candidates = this.visible(type);
    if (candidates.length === 0) return;
    const id = this.rng.pick(candidates).id;
    this.sim.state.hide(type, [id]);
    this.hidden.get(type)?.add(id);
    this.everHidden.get(type)?.add(id);
    this.hiddenCount += 1;
  }

  /** Makes every hidden record visible again (faults off). */
  unhideAll(): void {
    for (const [type, ids] of this.hidden) {
      this.sim.state.unhide(type, [...ids]);
      ids.clear();
    }
  }

  private visible(type: ProfileType): SimRecord[] {
    return this.sim.state.visible(type);
  }

  private users(): Set<number> {
    return new Set(this.sim.state.list("jobs").flatMap((j) => hiringTeamPersonIds(j).map(Number)));
  }

  /** Visible people the candidate rule counts as candidates, never users. */
  private candidates(): SimRecord[] {
    const users = this.users();
    return this.visible("people").filter(
      (p) => !users.has(p.id) && personKind(String(p.id), p).kind === "candidate",
    );
  }

  private statuses(): string[] {
    const tree = this.sim.state.listTree(this.sim.connectorSettings.statusListId) ?? [];
    return tree.flatMap((bin) => (bin.children ?? []).map((s) => s.id));
  }

  private name(prefix: string): string {
    this.serial += 1;
    return `${prefix}${this.serial}x${this.rng.int(100, 999)}`;
  }

  private change(kind: ChangeKind): boolean {
    const { state } = this.sim;
    const rng = this.rng;
    const update = (type: ProfileType, id: number, fields: Record<string, unknown>) =>
      state.mutate({ op: "update", type, id, fields });
    switch (kind) {
      case "update_candidate": {
        const people = this.candidates();
        if (people.length === 0) return false;
        const field = rng.pick(["firstname", "lastname", "email"]);
        const value = field === "email" ? `${this.name("cand")}@example.com` : this.name("N");
        update("people", rng.pick(people).id, { [field]: value });
        return true;
      }
      case "update_user_email": {
        const visible = new Set(this.visible("people").map((p) => p.id));
        const users = [...this.users()].filter((id) => visible.has(id));
        if (users.length === 0) return false;
        update("people", rng.pick(users), { email: `${this.name("user")}@example.com` });
        return true;
      }
      case "update_job": {
        const jobs = this.visible("jobs");
        if (jobs.length === 0) return false;
        update("jobs", rng.pick(jobs).id, { jobtitle: this.name("Job ") });
        return true;
      }
      case "close_job": {
        const open = this.visible("jobs").filter((j) => ["Open", "Approved"].includes(folderOf(j) ?? ""));
        if (open.length === 0) return false;
        update("jobs", rng.pick(open).id, { folder: { value: rng.pick(["Closed", "Filled"]) } });
        return true;
      }
      case "move_application": {
        const workflows = this.visible("applicantworkflows");
        if (workflows.length === 0) return false;
        update("applicantworkflows", rng.pick(workflows).id, { status: { id: rng.pick(this.statuses()) } });
        return true;
      }
      case "create_candidate":
        state.mutate({
          op: "create",
          type: "people",
          fields: {
            firstname: this.name("F"),
            lastname: this.name("L"),
            email: `${this.name("new")}@example.com`,
          },
        });
        return true;
      case "create_job": {
        const jobs = this.visible("jobs");
        if (jobs.length === 0) return false;
        const template = rng.pick(jobs);
        const visible = new Set(this.visible("people").map((p) => p.id));
        const team = Object.fromEntries(
          ["recruiter", "hiringmanager"]
            .map((f) => [f, linkId(template[f])] as const)
            .filter(([, id]) => id !== null && visible.has(id)),
        );
        state.mutate({
          op: "create",
          type: "jobs",
          fields: { jobtitle: this.name("New job "), folder: { value: "Open" }, postedto: ["jobs"], ...team },
        });
        return true;
      }
      case "create_application": {
        const people = this.candidates();
        const jobs = this.visible("jobs");
        if (people.length === 0 || jobs.length === 0) return false;
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            state.mutate({
              op: "create",
              type: "applicantworkflows",
              fields: {
                baseprofile: rng.pick(jobs).id,
                associatedprofile: rng.pick(people).id,
                status: { id: rng.pick(this.statuses()) },
              },
            });
            return true;
          } catch {
            // That person already applied to that job: try another pair.
          }
        }
        return false;
      }
      case "purge_candidate": {
        const people = this.candidates();
        if (people.length === 0) return false;
        state.mutate({ op: "purge", type: "people", id: rng.pick(people).id });
        return true;
      }
      case "purge_job": {
        const jobs = this.visible("jobs");
        if (jobs.length <= 5) return false;
        state.mutate({ op: "purge", type: "jobs", id: rng.pick(jobs).id });
        return true;
      }
      case "purge_application": {
        const workflows = this.visible("applicantworkflows");
        if (workflows.length === 0) return false;
        state.mutate({ op: "purge", type: "applicantworkflows", id: rng.pick(workflows).id });
        return true;
      }
      case "merge_candidates": {
        const [survivor, loser] = rng.sample(this.candidates(), 2);
        if (!survivor || !loser) return false;
        const workflows = state.list("applicantworkflows");
        const jobsOf = (person: number) => workflows.filter((w) => linkId(w["associatedprofile"]) === person);
        const survivorJobs = new Set(jobsOf(survivor.id).map((w) => linkId(w["baseprofile"])));
        for (const w of jobsOf(loser.id)) {
          if (survivorJobs.has(linkId(w["baseprofile"])))
            this.mergedAway.get("applications")?.add(String(w.id));
        }
        state.mutate({ op: "merge", survivorId: survivor.id, loserId: loser.id });
        this.mergedAway.get("candidates")?.add(String(loser.id));
        return true;
      }
    }
  }
}
