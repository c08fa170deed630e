"""REST (de)serialisation of the lists of files (``eiso.content.fields.FileList``).

plone.restapi serialises a single file field with its download address, but has
no converter for a list of files: a record or a procedure guide with files would
make GET and @search?fullobjects fail. Each file is given here as a single file
field gives it, with the address of the item's view that serves it
(``<item>/@@record-file/<n>``, ``<item>/@@procedure-form/<n>``).
Writing goes through plone.restapi's collection deserializer, which reads each
file as its file field does ({"data", "encoding", "filename", "content-type"}).
"""

from eiso.content.fields import IFileList
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.interfaces import IFieldSerializer
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.serializer.dxfields import DefaultFieldSerializer
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface


@adapter(IFileList, IDexterityContent, Interface)
@implementer(IFieldSerializer)
class FileListSerializer(DefaultFieldSerializer):
    def __call__(self):
        files = self.field.get(self.context) or []
        base = f"{self.context.absolute_url()}/@@{self.field.download_view}"
        return json_compatible([
            {
                "filename": blob.filename,
                "content-type": blob.contentType,
                "size": blob.getSize(),
                "download": f"{base}/{index}",
            }
            for index, blob in enumerate(files)
        ])
