/**
 * The a11y parameters every story runs with (both Storybooks' previews): a violation fails the
 * story test. Every element of every story is checked by every rule.
 */
export const storyA11y = {
  test: 'error',
  context: {
    include: ['body'],
  },
} as const;
