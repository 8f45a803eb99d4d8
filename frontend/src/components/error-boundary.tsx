import { Component, type ErrorInfo, type ReactNode } from "react";
import { Button } from "@/components/button";

type ErrorBoundaryProps = {
  children: ReactNode;
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

  override render() {
    if (!this.state.hasError) {
      return this.props.children;
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
