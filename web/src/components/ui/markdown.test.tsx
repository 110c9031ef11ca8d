import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { Markdown } from './markdown';

describe('Markdown', () => {
  it('renders GitHub-flavoured markdown', () => {
    render(<Markdown>{'**bold** and a table\n\n| a | b |\n|---|---|\n| 1 | 2 |'}</Markdown>);
    expect(screen.getByText('bold').tagName).toBe('STRONG');
    expect(screen.getByRole('table')).toBeInTheDocument();
  });

  it('drops raw HTML and script', () => {
    const { container } = render(
      <Markdown>
        {'Hi <img src=x onerror="alert(1)"> <b>raw</b>\n\n<script>alert(1)</script>'}
      </Markdown>,
    );
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('removes javascript: links and opens others in a new tab', () => {
    render(<Markdown>{'[bad](javascript:alert(1)) [good](https://example.test)'}</Markdown>);
    expect(screen.getByText('bad').closest('a')?.getAttribute('href') ?? '').not.toMatch(
      /javascript/i,
    );
    const good = screen.getByText('good').closest('a');
    expect(good).toHaveAttribute('href', 'https://example.test');
    expect(good).toHaveAttribute('rel', expect.stringContaining('noopener'));
  });
});
