export { AuthProvider, useAuth, useCurrentUser } from './auth-provider';
export { RequireAuth, RequireRole } from './components/guards';
export { LoginForm } from './components/login-form';
export { ChangePasswordDialog } from './components/change-password-dialog';
