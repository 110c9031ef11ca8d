import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';

import { cn } from '@/lib/cn';

const components: Components = {
  a: ({ node: _node, children, ...props }) => (
    <a {...props} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
};

/**
 * Renders user markdown. Raw HTML is dropped (skipHtml) and the resulting tree is sanitised,
 * so neither `<script>` nor `javascript:` links survive.
 */
export function Markdown({
  children,
  className,
  emptyText,
}: {
  children: string;
  className?: string;
  emptyText?: string;
}) {
  if (!children.trim()) {
    return (
      <div className={cn('prose', 'prose--empty', className)}>{emptyText ?? 'Nothing here.'}</div>
    );
  }
  return (
    <div className={cn('prose', className)}>
      <ReactMarkdown
        skipHtml
        remarkPlugins={[remarkGfm]}
        rehypePlugins={[rehypeSanitize]}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
