import { ConfigurationError } from '@tp/core';
import { termsOf } from './terms.js';

/**
 * Words that mean the same to someone looking for a tool. Small on purpose: each group is a
 * verb or noun that tool names and requests spell differently.
 */
export const BUILT_IN_SYNONYMS: readonly (readonly string[])[] = [
  ['delete', 'remove', 'erase', 'destroy', 'drop', 'unlink', 'rm', 'purge'],
  ['create', 'make', 'add', 'new', 'insert', 'open'],
  ['list', 'show', 'enumerate', 'ls', 'browse'],
  ['get', 'fetch', 'retrieve', 'read', 'obtain', 'load', 'view'],
  ['search', 'find', 'lookup', 'query', 'locate', 'look'],
  ['update', 'modify', 'edit', 'change', 'patch', 'alter'],
  ['send', 'post', 'publish', 'deliver'],
  ['message', 'msg', 'chat'],
  ['direct', 'dm', 'private'],
  ['file', 'document', 'doc'],
  ['directory', 'folder', 'dir'],
  ['repository', 'repo', 'project'],
  ['issue', 'ticket', 'bug'],
  ['pull', 'pr'],
  ['merge', 'mr'],
  ['run', 'execute', 'exec', 'invoke'],
  ['start', 'launch', 'boot'],
  ['stop', 'kill', 'terminate', 'halt'],
  ['move', 'rename', 'mv', 'relocate'],
  ['copy', 'duplicate', 'cp', 'clone'],
  ['screenshot', 'capture', 'snapshot'],
  ['navigate', 'goto', 'visit'],
  ['click', 'press', 'tap'],
  ['user', 'member', 'person', 'account', 'people'],
  ['channel', 'room'],
  ['email', 'mail', 'inbox'],
  ['database', 'db'],
  ['schema', 'structure', 'columns'],
  ['diff', 'difference', 'compare'],
  ['log', 'history'],
  ['write', 'save', 'store', 'put'],
  ['calendar', 'meeting', 'appointment'],
  ['image', 'picture', 'photo'],
  ['container', 'docker'],
  ['comment', 'reply', 'note'],
  ['download', 'export'],
  ['upload', 'attach'],
  ['customer', 'client'],
  ['payment', 'charge'],
  ['key', 'entry'],
  ['secret', 'credential'],
  ['weather', 'forecast'],
  ['time', 'clock'],
  ['url', 'link', 'webpage', 'page'],
];

export type SynonymInput = readonly (readonly string[])[];

export interface SynonymTable {
  /** The other index terms that mean what `term` means (never `term` itself). */
  of(term: string): readonly string[];
}

/** Checks user-supplied groups: an array of arrays of strings. */
export function checkSynonymGroups(groups: unknown, field: string): SynonymInput {
  if (!Array.isArray(groups)) {
    throw new ConfigurationError(field, 'must be an array of word groups (arrays of strings)');
  }
  groups.forEach((group, index) => {
    if (!Array.isArray(group) || group.some((word) => typeof word !== 'string')) {
      throw new ConfigurationError(`${field}[${index}]`, 'must be an array of strings');
    }
  });
  return groups;
}

/** Groups become a term -> synonyms table; words are normalized like the index's terms. */
export function createSynonymTable(groups: SynonymInput): SynonymTable {
  const table = new Map<string, Set<string>>();
  for (const group of groups) {
    const terms = [...new Set(group.flatMap((word) => termsOf(word)))];
    for (const term of terms) {
      let synonyms = table.get(term);
      if (!synonyms) table.set(term, (synonyms = new Set()));
      for (const other of terms) if (other !== term) synonyms.add(other);
    }
  }
  const frozen = new Map([...table].map(([term, synonyms]) => [term, [...synonyms]]));
  return { of: (term) => frozen.get(term) ?? [] };
}
