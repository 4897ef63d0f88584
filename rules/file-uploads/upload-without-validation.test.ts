import { runRule, testRule } from "../../test/helpers/test-rule.js";
import rule from "./upload-without-validation.js";

const models = "from django.db import models\n";
const forms = "from django import forms\n";

testRule(rule, {
  valid: [
    { name: "the guide's validated field", code: models + "class Document(models.Model):\n    file = models.FileField(upload_to='documents/', validators=[validate_file_extension, validate_file_size])\n" },
    { name: "FileExtensionValidator", code: models + "from django.core.validators import FileExtensionValidator\nclass D(models.Model):\n    f = models.FileField(validators=[FileExtensionValidator(['pdf'])])\n" },
    { name: "validators from a variable", code: models + "class D(models.Model):\n    f = models.FileField(validators=UPLOAD_VALIDATORS)\n" },
    { name: "ImageField with a size validator", code: models + "class P(models.Model):\n    avatar = models.ImageField(upload_to='avatars/', validators=[validate_image_size])\n" },
    { name: "ImageField of a project module", code: "from myapp.fields import ImageField\nclass P:\n    avatar = ImageField()\n" },
    { name: "form with clean_<field>", code: forms + "class UploadForm(forms.Form):\n    attachment = forms.FileField()\n    def clean_attachment(self):\n        f = self.cleaned_data['attachment']\n        return f\n" },
    { name: "model clean() that checks the field", code: models + "class D(models.Model):\n    scan = models.FileField()\n    def clean(self):\n        if not self.scan.name.endswith('.pdf'):\n            raise ValidationError('pdf only')\n" },
    { name: "a local FileField class", code: "class FileField:\n    pass\nclass D:\n    f = FileField()\n" },
    { name: "kwargs splat may carry validators", code: models + "class D(models.Model):\n    f = models.FileField(**FILE_OPTS)\n" },
    { name: "editable=False model field (filled by code only)", code: "from django.db import models\nclass Invoice(models.Model):\n    pdf = models.FileField(upload_to='invoices/', editable=False)\n" },
  ],
  invalid: [
    {
      name: "ImageField without validators: low, for the missing size limit",
      code: models + "class P(models.Model):\n    avatar = models.ImageField(upload_to='avatars/')\n",
      errors: [{ messageId: "imageNoSizeLimit", line: 3, messageIncludes: "not their size" }],
    },
    {
      name: "forms.ImageField through an alias",
      code: "from django import forms as f\nclass AvatarForm(f.Form):\n    avatar = f.ImageField()\n",
      errors: [{ messageId: "imageNoSizeLimit", line: 3 }],
    },
    { name: "editable=True is still a form field", code: "from django.db import models\nclass Invoice(models.Model):\n    pdf = models.FileField(upload_to='invoices/', editable=True)\n", errors: [{ messageId: "noValidators", line: 3 }] },
    { name: "model field", code: models + "class Document(models.Model):\n    file = models.FileField(upload_to='documents/')\n", errors: [{ messageId: "noValidators", line: 3, messageIncludes: "`file`" }] },
    { name: "form field", code: forms + "class UploadForm(forms.Form):\n    attachment = forms.FileField(required=False)\n", errors: [{ messageId: "noValidators", line: 3, messageIncludes: "`attachment`" }] },
    { name: "empty validators", code: "from django.db.models import FileField\nclass D:\n    f = FileField(validators=[])\n", errors: [{ messageId: "noValidators", line: 3 }] },
    { name: "implementation module path", code: "from django.db.models.fields.files import FileField\nclass D:\n    f = FileField()\n", errors: [{ messageId: "noValidators", line: 3 }] },
    { name: "clean() that does not mention the field", code: models + "class D(models.Model):\n    scan = models.FileField()\n    def clean(self):\n        self.title = self.title.strip()\n", errors: [{ messageId: "noValidators", line: 3 }] },
  ],
});

it("reports an ImageField at low severity and a FileField at the rule's own", () => {
  const code = "from django.db import models\nclass P(models.Model):\n    avatar = models.ImageField(upload_to='a/')\n    doc = models.FileField(upload_to='d/')\n";
  const found = runRule(rule, code, "shop/models.py").findings.map((f) => `${f.line} ${f.severity}`);
  expect(found).toEqual(["3 low", `4 ${rule.severity}`]);
});
