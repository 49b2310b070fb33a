import type { Page } from 'playwright-core';

/** Types `text` into the composer and presses Send, as a user would. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  await page.fill('[data-testid="composer-input"]', text);
  await page.click('[data-testid="composer-send"]');
}

/** Clicks the conversation's entry in the sidebar. */
export async function showConversation(page: Page, conversationId: string): Promise<void> {
  await page.click(`[data-testid="conversation-item"][data-conversation-id="${conversationId}"]`);
}

/** Resolves after `ms`: used only to let time pass while the recorder samples. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
