import { useMemo } from 'react';
import { useContractQuery } from '../../data';
import { useT } from '../../i18n';
import { FilterItem, Select } from '../../ui';

/** The register filter of the session and Z lists: every register, the inactive ones included (their history stays). */
export function RegisterFilter({ value, onChange }: { value: string; onChange: (registerId: string) => void }) {
  const t = useT();
  const registers = useContractQuery('registers.list', { includeInactive: true });
  const options = useMemo(
    () => [
      { value: '', label: t('reports.allRegisters') },
      ...(registers.data?.items ?? []).map((r) => ({
        value: r.id,
        label: t(r.active ? 'reports.registerCodeName' : 'reports.registerInactive', { code: r.code, name: r.name }),
      })),
    ],
    [registers.data, t],
  );
  return (
    <FilterItem size="select">
      <Select label={t('reports.register')} value={value} options={options} onChange={(e) => onChange(e.target.value)} />
    </FilterItem>
  );
}
