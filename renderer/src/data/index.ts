export { createQueryClient, type DataClient } from './client';
export { DataProvider, useChanged, useDataClient } from './context';
export { useContractList, useContractQuery, uniqueRows, type ContractList, type PagedMethod, type Row } from './hooks';
export { invalidateFor, invalidatedBy, type AnyPushEvent } from './invalidation';
export { contractKey, pagedKey } from './keys';
export { storeSettingsSaved, useStoreCurrency, useStoreSettings } from './settings';
export { storeFormat, useStoreFormat } from './format';
export { useQueryClient } from '@tanstack/react-query';
