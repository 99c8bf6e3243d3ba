/**
 * The service rules: services added and removed. Services are keyed by
 * service prefix, not by page file, so a page renamed between the two
 * models (list_ec2.md became list_amazonec2.md) keeps its service.
 */
import { compareStrings } from '../extract/fields.js';
import type { Service, SourceRef } from '../model/types.js';
import { type Change, change } from './rules.js';

export interface ServicePairs {
  changes: Change[];
  /** Services present on both sides, as [before, after], sorted by prefix. */
  pairs: Array<[Service, Service]>;
}

/** Pair the services of both sides by prefix and report those on one side only. */
export function diffServices(before: Service[], after: Service[]): ServicePairs {
  const earlier = new Map(before.map((service) => [service.prefix, service]));
  const later = new Map(after.map((service) => [service.prefix, service]));
  const prefixes = [...new Set([...earlier.keys(), ...later.keys()])].sort(compareStrings);
  const result: ServicePairs = { changes: [], pairs: [] };

  for (const prefix of prefixes) {
    const old = earlier.get(prefix);
    const current = later.get(prefix);
    if (old && current) result.pairs.push([old, current]);
    else if (old) result.changes.push(change('service-removed', prefix, prefix, summary(old), null, firstPage(old)));
    else if (current) result.changes.push(change('service-added', prefix, prefix, null, summary(current), undefined, firstPage(current)));
  }
  return result;
}

function summary(service: Service): { name: string; actions: number } {
  return { name: service.name, actions: service.actions.length };
}

/** A service's position: the start of its first page. */
function firstPage(service: Service): SourceRef | undefined {
  const page = service.pages[0];
  return page ? { file: page.file, line: 1 } : undefined;
}
