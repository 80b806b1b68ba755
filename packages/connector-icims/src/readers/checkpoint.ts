import { chunks, inputInvalid } from "@atsync/core/connector";

/** Records per page when reading known ids (the size of a search page). */
const ID_PAGE_SIZE = 1000;

/**
 * Validates a resume checkpoint against its reader's format and returns it. Checkpoints are
 * opaque to core; a malformed one (from another model or connector) throws `PLATFORM.INPUT_INVALID`.
 */
export function checkCheckpoint(checkpoint: string, format: RegExp): string {
  if (!format.test(checkpoint)) {
    throw inputInvalid("read options", [{ path: "resume", message: `is not a checkpoint of this read` }]);
  }
  return checkpoint;
}

/** Checkpoint format of id-paged reads: the last iCIMS id of the page. */
export const ID_CHECKPOINT = /^\d+$/;

/** Numeric ascending order of iCIMS ids. */
export function byId(a: string, b: string): number {
  return Number(a) - Number(b);
}

/**
 * Pages over known ids (ascending): loads up to 1000 ids per page with `load` and yields what it
 * loaded with the page's last id as checkpoint (null on the last page; one empty last page for no
 * ids).
 */
export async function* pagesOfIds<T>(
  ids: readonly string[],
  load: (page: string[]) => Promise<T>,
): AsyncGenerator<{ items: T; checkpoint: string | null }> {
  const pages = chunks(ids, ID_PAGE_SIZE);
  if (pages.length === 0) yield { items: await load([]), checkpoint: null };
  for (const [i, page] of pages.entries()) {
    yield { items: await load(page), checkpoint: i === pages.length - 1 ? null : (page.at(-1) ?? null) };
  }
}
