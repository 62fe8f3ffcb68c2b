import { useMemo } from 'react';
import { useContractQuery } from '../../data';
import { FilterItem, Select } from '../../ui';

/** The register filter of the session and Z lists: every register, the inactive ones included (their history stays). */
export function RegisterFilter({ value, onChange }: { value: string; onChange: (registerId: string) => void }) {
  const registers = useContractQuery('registers.list', { includeInactive: true });
  const options = useMemo(
    () => [
      { value: '', label: 'All registers' },
      ...(registers.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.code} · ${r.name}${r.active ? '' : ' (inactive)'}` })),
    ],
    [registers.data],
  );
  return (
    <FilterItem size="select">
      <Select label="Register" value={value} options={options} onChange={(e) => onChange(e.target.value)} />
    </FilterItem>
  );
}
