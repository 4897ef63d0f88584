import { findMailTextTemplates, isMailTextTemplate } from "./mail-templates.js";

const py = (text: string) => [{ path: "shop/tasks.py", text: "from django.core.mail import send_mail, EmailMultiAlternatives\nfrom django.template.loader import render_to_string\n\n" + text }];

describe("templates rendered only as an e-mail's plain-text body", () => {
  it("finds a rendered string passed as send_mail's message, EmailMessage's body or written inline", () => {
    expect(findMailTextTemplates(py('def a(u):\n    body = render_to_string("shop/a.html", {})\n    send_mail("Hi", body, "f@example.com", [u.email])\n'))).toEqual(["shop/a.html"]);
    expect(findMailTextTemplates(py('def b(u):\n    text = render_to_string("shop/b.html", {})\n    EmailMultiAlternatives(subject="Hi", body=text, to=[u.email]).send()\n'))).toEqual(["shop/b.html"]);
    expect(findMailTextTemplates(py('def c(u):\n    send_mail(_("Hi"), render_to_string("shop/c.html", {}), None, [u.email])\n'))).toEqual(["shop/c.html"]);
  });
  it("leaves out a template that is also an HTML body, a response, or rendered where no mail is sent", () => {
    expect(findMailTextTemplates(py('def a(u):\n    body = render_to_string("shop/a.html", {})\n    send_mail("Hi", body, None, [u.email], html_message=body)\n'))).toEqual([]);
    expect(findMailTextTemplates(py('def b(u):\n    m = EmailMultiAlternatives("Hi", "text", to=[u.email])\n    html = render_to_string("shop/b.html", {})\n    m.attach_alternative(html, "text/html")\n'))).toEqual([]);
    expect(
      findMailTextTemplates(py('def c(u):\n    send_mail("Hi", render_to_string("shop/c.html", {}), None, [u.email])\n\ndef page(request):\n    body = render_to_string("shop/c.html", {})\n    return HttpResponse(body)\n')),
    ).toEqual([]);
    expect(findMailTextTemplates([{ path: "shop/views.py", text: 'def page(request):\n    body = render_to_string("shop/d.html", {})\n    return body\n' }])).toEqual([]);
  });
  it("matches a template path by its name", () => {
    expect(isMailTextTemplate(["seed/a.html"], "seed/templates/seed/a.html")).toBe(true);
    expect(isMailTextTemplate(["seed/a.html"], "seed/templates/other/a.html")).toBe(false);
    expect(isMailTextTemplate(undefined, "seed/templates/seed/a.html")).toBe(false);
  });
});
