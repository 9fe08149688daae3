import type {
  CircuitRecord,
  CircuitStateStoreV1,
} from '../../contracts/stores/v1/circuit-state-store.js';
import {
  admitCall,
  createCircuitRecord,
  peekAdmission,
  settleCall,
} from './circuit-state-machine.js';

/** Breaker records kept in memory; answers synchronously. */
export function createMemoryCircuitStateStore(): CircuitStateStoreV1 {
  const records = new Map<string, CircuitRecord>();
  const recordOf = (key: string) => {
    let record = records.get(key);
    if (!record) records.set(key, (record = createCircuitRecord()));
    return record;
  };
  return {
    specificationVersion: 'v1',
    admit: (key, policy, now) => admitCall(recordOf(key), policy, now),
    peek: (key, policy, now) =>
      peekAdmission(records.get(key) ?? createCircuitRecord(), policy, now),
    settle: (key, policy, admission, result, now) =>
      settleCall(recordOf(key), policy, admission, result, now),
    get: (key) => {
      const record = records.get(key);
      return record && structuredClone(record);
    },
    reset(key) {
      records.delete(key);
    },
    dispose() {
      records.clear();
    },
  };
}
