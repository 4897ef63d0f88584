import { testRule } from "../../test/helpers/test-rule.js";
import rule from "./template-unquoted-attribute.js";

testRule(rule, {
  valid: [
    { name: "quoted attribute", code: '<a href="{{ profile.website }}">{{ profile.name }}</a>\n' },
    { name: "single-quoted attribute", code: "<a href='{{ profile.website }}'>x</a>\n" },
    { name: "unquoted id", code: "<tr data-id={{ item.id }}>\n" },
    { name: "unquoted count with a numeric filter", code: "<span data-n={{ items|length }}>\n" },
    { name: "urlencoded value", code: "<a href=/search?q={{ q|urlencode }}>go</a>\n" },
    { name: "query parameter inside a quoted href", code: '<a href="/f?component_name={{ c.name }}">x</a>\n' },
    { name: "text after a tag, not an attribute", code: "<p>a={{ value }}</p>\n" },
    { name: "plain-text template", path: "shop/templates/shop/mail.txt", code: "Visit href={{ url }}\n" },
  ],
  invalid: [
    { name: "unquoted href", code: "<a href={{ profile.website }}>{{ profile.name }}</a>\n", errors: [{ messageId: "unquotedAttribute", line: 1, messageIncludes: "`href`" }] },
    { name: "unquoted data attribute on a later line", code: '<div class="card"\n     data-title={{ post.title|default:"" }}>\n</div>\n', errors: [{ messageId: "unquotedAttribute", line: 2 }] },
  ],
});
