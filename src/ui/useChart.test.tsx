// @vitest-environment jsdom
import { act, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { render } from './testing';
import { useChart, type Renderer } from './useChart';

describe('useChart', () => {
  it('creates the renderer once in its host, draws each new data, skips null, and destroys it on unmount', () => {
    const log: string[] = [];
    const create = (host: HTMLElement): Renderer<string> => {
      log.push(`create in ${host.className}`);
      return { update: (data) => log.push(`update ${data}`), destroy: () => log.push('destroy') };
    };
    let show: (data: string | null) => void = () => {};
    function Chart() {
      const [data, setData] = useState<string | null>('a');
      show = setData;
      return <div className="host" ref={useChart(create, data)} />;
    }
    const page = render(<Chart />);
    act(() => show('a'));
    act(() => show(null));
    act(() => show('b'));
    page.unmount();
    expect(log).toEqual(['create in host', 'update a', 'update b', 'destroy']);
  });
});
