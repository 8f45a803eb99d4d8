import { NotFoundPage } from "@/components/not-found-page";

export function NotFoundRoute() {
  return (
    <NotFoundPage title="Page not found" actionHref="/" actionLabel="Go to the home page">
      We couldn't find the page you were looking for. Check the address, or start again from the home page.
    </NotFoundPage>
  );
}
