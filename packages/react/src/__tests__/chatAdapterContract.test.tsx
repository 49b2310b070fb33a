import { describeChatAdapterContract } from '../../../../test-harness/chatAdapterContract.ts';
import { describeEachReactMode } from './describeEachReactMode.tsx';
import { createReactHarness } from './reactHarness.tsx';

describeEachReactMode('@rejoin/react', (mode) => describeChatAdapterContract(createReactHarness(mode)));
