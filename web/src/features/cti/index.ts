export { CtiSelects } from './components/cti-selects';
export { CtiAdmin } from './components/cti-admin';
export { useCategories } from './api/get-categories';
