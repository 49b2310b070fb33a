import { memo } from 'react';
import { selectStorageError } from '@rejoin/core';
import { useChatSelector } from '@rejoin/react';
import { StorageNotice } from '@rejoin/ui/react';

/** The kit's storage notice, bound to the client's newest storage problem. */
export const StorageProblem = memo(function StorageProblem() {
  return <StorageNotice error={useChatSelector(selectStorageError)} />;
});
