import { describe, expect, it } from 'vitest';
import { connectionBannerView, queuedNotice, type ConnectionBannerInput } from '../connectionBannerView.ts';

const base: ConnectionBannerInput = { state: 'connected', attempt: 0, nextRetryAt: null, online: true };

describe('connectionBannerView', () => {
  it('hides the banner while connected and while a conversation loads', () => {
    expect(connectionBannerView(base)).toMatchObject({ state: 'online', visible: false });
    expect(connectionBannerView({ ...base, state: 'merging' })).toMatchObject({ state: 'online', visible: false });
  });

  it('says "Connecting" at first and "Reconnecting" after a failed attempt', () => {
    expect(connectionBannerView({ ...base, state: 'connecting' }).title).toBe('Connecting…');
    expect(connectionBannerView({ ...base, state: 'restoring', attempt: 2 }).title).toBe('Reconnecting…');
  });

  it('counts down to the next attempt when the connection is lost and the browser is online', () => {
    expect(connectionBannerView({ ...base, state: 'disconnected', attempt: 1, nextRetryAt: 5_000 })).toMatchObject({
      state: 'retrying',
      showCountdown: true,
      showRetry: true,
    });
  });

  it('says offline, without a countdown, when the browser has no network', () => {
    expect(connectionBannerView({ ...base, state: 'disconnected', nextRetryAt: 5_000, online: false })).toMatchObject({
      state: 'offline',
      showCountdown: false,
      showRetry: true,
    });
  });

  it('offers a retry once the client gave up', () => {
    expect(connectionBannerView({ ...base, state: 'failed' })).toMatchObject({ state: 'failed', showRetry: true, tone: 'danger' });
  });
});

describe('queuedNotice', () => {
  it('counts the queued messages, singular and plural', () => {
    expect(queuedNotice(0)).toBeNull();
    expect(queuedNotice(1)).toBe('1 message will be sent when you reconnect.');
    expect(queuedNotice(3)).toBe('3 messages will be sent when you reconnect.');
  });
});

describe('connectionBannerView while the browser is offline', () => {
  it('keeps saying offline during a reconnect attempt instead of flickering to reconnecting', () => {
    const view = connectionBannerView({ state: 'connecting', attempt: 2, nextRetryAt: null, online: false });
    expect(view.state).toBe('offline');
    expect(view.title).toBe('You are offline.');
    expect(connectionBannerView({ state: 'connecting', attempt: 2, nextRetryAt: null, online: true }).title).toBe('Reconnecting…');
  });
});
