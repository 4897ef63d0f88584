/**
 * A cookie, or a request header other than the URL's own parts: the victim's browser sends what the site (or the
 * browser itself) set, and a link or form on another site cannot choose it. A flow from one is real, but no
 * attacker's link or page can start it (cookie injection or cache poisoning would need a flaw of their own), so
 * the finding is for a reviewer to weigh. `META["QUERY_STRING"]`, `META["PATH_INFO"]` and the like are the URL,
 * and are not matched; nor is the `Referer`, which names the page the user came from: the attacker's own page.
 */
export const BROWSER_SET_SOURCE =
  /^`?(?:self\.)?request\.(?:COOKIES\b|headers\s*(?:\.\s*get\s*\(|\[)\s*["'](?!referr?er["'])|META\s*(?:\.\s*get\s*\(|\[)\s*["']HTTP_(?!REFERR?ER["']))/i;
