import mediaServedByDjango from "./media-served-by-django.js";
import uploadWithoutValidation from "./upload-without-validation.js";

export default [uploadWithoutValidation, mediaServedByDjango];
