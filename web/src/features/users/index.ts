export { UsersAdmin } from './components/users-admin';
export { useUsers } from './api/get-users';
