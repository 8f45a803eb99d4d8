import { Component, type ErrorInfo, type ReactNode } from "react";
import { Button } from "@/components/button";

type ErrorBoundaryProps = {
  children: ReactNode;
  /** What shows instead of the children after an error (by default, a page of its own). */
  fallback?: ReactNode;
  /** When this changes (e.g. the address), the children are shown again. */
  resetKey?: unknown;
  /** Called just before the children are shown again after an error. */
  onReset?: () => void;
};

type ErrorBoundaryState = {
  hasError: boolean;
};

export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { hasError: false };

  static getDerivedStateFromError(): ErrorBoundaryState {
    return { hasError: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(error, info.componentStack);
  }

  override componentDidUpdate(previous: ErrorBoundaryProps): void {
    if (this.state.hasError && !Object.is(previous.resetKey, this.props.resetKey)) {
      this.props.onReset?.();
      this.setState({ hasError: false });
    }
  }

  override render() {
    if (!this.state.hasError) {
      return this.props.children;
    }
    if (this.props.fallback !== undefined) {
      return this.props.fallback;
    }
    return (
      <main className="mx-auto max-w-md space-y-4 px-4 py-16 text-center">
        <h1 className="text-2xl font-bold text-slate-900">Something went wrong</h1>
        <p className="text-slate-700">
          Clinic360 ran into an unexpected problem. Reload the page to try again.
        </p>
        <Button onClick={() => window.location.reload()}>Reload page</Button>
      </main>
    );
  }
}

/** The error a page shows in place of its content, inside the layout (header and navigation stay). */
export function PageError() {
  return (
    <div role="alert" className="mx-auto max-w-md space-y-4 py-16 text-center">
      <h1 className="text-2xl font-bold text-slate-900">This page couldn't be shown</h1>
      <p className="text-slate-700">
        Clinic360 ran into an unexpected problem. Reload the page to try again, or go to another page.
      </p>
      <Button onClick={() => window.location.reload()}>Reload page</Button>
    </div>
  );
}
