import { useMemo } from 'react';
import { storedKey } from '../../app/auth.js';
import { createOperateApi, type OperateApi } from './operateApi.js';

/** The operate client for the signed-in key (the session keeps the key in localStorage). */
export function useOperateApi(): OperateApi {
  return useMemo(() => createOperateApi({ apiKey: storedKey() ?? '' }), []);
}
