import { describe, expect, it } from 'vitest';
import { TARGETS, kb, met, verdictLine } from './targets';

describe('first-load targets', () => {
  it('counts KB as 1000 bytes', () => {
    expect(kb(900_000)).toBe(900);
  });

  it('treats "at most" as inclusive and "under" as strict', () => {
    expect(met(TARGETS.ideScriptGzip, 900)).toBe(true);
    expect(met(TARGETS.ideScriptGzip, 900.1)).toBe(false);
    expect(met(TARGETS.typingP50, 799.9)).toBe(true);
    expect(met(TARGETS.typingP50, 800)).toBe(false);
  });

  it('never calls a missing figure met', () => {
    expect(met(TARGETS.terminalP50, NaN)).toBe(false);
    expect(verdictLine(TARGETS.terminalP50, NaN)).toMatch(/n\/a .*NOT met$/);
  });

  it('prints the figure, the target and the verdict', () => {
    expect(verdictLine(TARGETS.dashboardScriptGzip, 101.24)).toBe("dashboard's JavaScript, gzipped: 101.2 KB (target ≤ 120 KB): met");
    expect(verdictLine(TARGETS.typingP50, 1830)).toBe('workspace URL to the editor accepting typing, p50: 1830 ms (target < 800 ms): NOT met');
  });
});
