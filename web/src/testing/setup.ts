import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// `make test` runs these beside the server suites on two cores: the first render of a file can
// take over a second there, past Testing Library's default 1 s for findBy*/waitFor (seen in a
// fresh-clone run). The wait ends as soon as the element is there, so passing runs are no slower.
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  window.localStorage.clear();
});
