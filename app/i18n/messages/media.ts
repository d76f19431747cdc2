import { defineMessages } from "../define";

// Owned by the media area (app/domain/media): uploads, photos, avatars.
export const media = defineMessages({
  en: {
    "media.photo": "Photo",
    "media.notFound": "There is no such image.",
    "media.upload.label": "Photo",
    "media.upload.hint":
      "A JPEG, PNG, WebP, AVIF or GIF picture of at most {max} MB and {megapixels} megapixels. Location and camera details are removed.",
    "media.upload.empty": "The chosen file is empty. Choose the photo again.",
    "media.upload.tooLarge": "The photo is larger than {max} MB. Choose a smaller one, or send it from your phone at a reduced size.",
    "media.upload.tooManyPixels": "The picture is too large: at most {max} megapixels are accepted. Reduce its size and upload it again.",
    "media.upload.svg": "SVG drawings are not accepted, for safety. Export the drawing as PNG and upload that.",
    "media.upload.heic":
      "HEIC photos (the iPhone format) cannot be read here. Choose “Most Compatible” in the camera settings, or share the photo as JPEG.",
    "media.upload.notImage": "This file is not a picture. Only JPEG, PNG, WebP, AVIF and GIF photos are accepted, whatever the file is called.",
    "media.upload.damaged":
      "The picture is damaged or incomplete (perhaps it did not finish downloading). Open it on your device to check, then upload it again.",
    "media.upload.busy": "Many photos are being processed right now. Wait a minute and upload again; nothing you typed is lost.",
  },
  "zh-CN": {
    "media.photo": "照片",
    "media.notFound": "没有这张图片。",
    "media.upload.label": "照片",
    "media.upload.hint": "支持 JPEG、PNG、WebP、AVIF 或 GIF 图片，最大 {max} MB、{megapixels} 百万像素。上传后会自动去除位置和相机信息。",
    "media.upload.empty": "所选文件是空的，请重新选择照片。",
    "media.upload.tooLarge": "照片超过 {max} MB。请选择较小的照片，或在手机上以较小尺寸发送。",
    "media.upload.tooManyPixels": "图片尺寸过大：最多接受 {max} 百万像素。请缩小后重新上传。",
    "media.upload.svg": "出于安全考虑，不接受 SVG 矢量图。请将其导出为 PNG 后上传。",
    "media.upload.heic": "无法读取 HEIC 格式照片（iPhone 默认格式）。请在相机设置中选择“兼容性最佳”，或将照片以 JPEG 格式分享后上传。",
    "media.upload.notImage": "该文件不是图片。无论文件名如何，只接受 JPEG、PNG、WebP、AVIF 和 GIF 照片。",
    "media.upload.damaged": "图片已损坏或不完整（可能未下载完）。请先在设备上打开确认，再重新上传。",
    "media.upload.busy": "当前正在处理的照片较多，请稍候一分钟再上传；您填写的内容不会丢失。",
  },
});
