import { describeChatAdapterContract } from '../../../../test-harness/chatAdapterContract.ts';
import { createVueHarness } from './vueHarness.ts';

describeChatAdapterContract(createVueHarness());
