"""Contains all the data models used in inputs/outputs"""

from .association_spec import AssociationSpec
from .association_spec_association_category import AssociationSpecAssociationCategory
from .association_spec_response import AssociationSpecResponse
from .association_spec_with_label import AssociationSpecWithLabel
from .batch_input_public_association_multi_archive import (
    BatchInputPublicAssociationMultiArchive,
)
from .batch_input_public_association_multi_post import (
    BatchInputPublicAssociationMultiPost,
)
from .batch_input_public_default_association_multi_post import (
    BatchInputPublicDefaultAssociationMultiPost,
)
from .batch_input_public_fetch_associations_batch_request import (
    BatchInputPublicFetchAssociationsBatchRequest,
)
from .batch_response_labels_between_object_pair import (
    BatchResponseLabelsBetweenObjectPair,
)
from .batch_response_labels_between_object_pair_links import (
    BatchResponseLabelsBetweenObjectPairLinks,
)
from .batch_response_labels_between_object_pair_with_errors import (
    BatchResponseLabelsBetweenObjectPairWithErrors,
)
from .batch_response_labels_between_object_pair_with_errors_links import (
    BatchResponseLabelsBetweenObjectPairWithErrorsLinks,
)
from .batch_response_public_association_multi_with_label import (
    BatchResponsePublicAssociationMultiWithLabel,
)
from .batch_response_public_association_multi_with_label_links import (
    BatchResponsePublicAssociationMultiWithLabelLinks,
)
from .batch_response_public_association_multi_with_label_with_errors import (
    BatchResponsePublicAssociationMultiWithLabelWithErrors,
)
from .batch_response_public_association_multi_with_label_with_errors_links import (
    BatchResponsePublicAssociationMultiWithLabelWithErrorsLinks,
)
from .batch_response_public_default_association import (
    BatchResponsePublicDefaultAssociation,
)
from .batch_response_public_default_association_links import (
    BatchResponsePublicDefaultAssociationLinks,
)
from .collection_response_multi_associated_object_with_label_forward_paging import (
    CollectionResponseMultiAssociatedObjectWithLabelForwardPaging,
)
from .date_time import DateTime
from .error import Error
from .error_context import ErrorContext
from .error_detail import ErrorDetail
from .error_detail_context import ErrorDetailContext
from .error_links import ErrorLinks
from .forward_paging import ForwardPaging
from .labels_between_object_pair import LabelsBetweenObjectPair
from .multi_associated_object_with_label import MultiAssociatedObjectWithLabel
from .next_page import NextPage
from .paging import Paging
from .previous_page import PreviousPage
from .public_association_multi_archive import PublicAssociationMultiArchive
from .public_association_multi_post import PublicAssociationMultiPost
from .public_association_multi_with_label import PublicAssociationMultiWithLabel
from .public_default_association import PublicDefaultAssociation
from .public_default_association_multi_post import PublicDefaultAssociationMultiPost
from .public_fetch_associations_batch_request import PublicFetchAssociationsBatchRequest
from .public_object_id import PublicObjectId
from .report_creation_response import ReportCreationResponse
from .standard_error import StandardError
from .standard_error_context import StandardErrorContext
from .standard_error_links import StandardErrorLinks
from .standard_error_sub_category import StandardErrorSubCategory

__all__ = (
    "AssociationSpec",
    "AssociationSpecAssociationCategory",
    "AssociationSpecResponse",
    "AssociationSpecWithLabel",
    "BatchInputPublicAssociationMultiArchive",
    "BatchInputPublicAssociationMultiPost",
    "BatchInputPublicDefaultAssociationMultiPost",
    "BatchInputPublicFetchAssociationsBatchRequest",
    "BatchResponseLabelsBetweenObjectPair",
    "BatchResponseLabelsBetweenObjectPairLinks",
    "BatchResponseLabelsBetweenObjectPairWithErrors",
    "BatchResponseLabelsBetweenObjectPairWithErrorsLinks",
    "BatchResponsePublicAssociationMultiWithLabel",
    "BatchResponsePublicAssociationMultiWithLabelLinks",
    "BatchResponsePublicAssociationMultiWithLabelWithErrors",
    "BatchResponsePublicAssociationMultiWithLabelWithErrorsLinks",
    "BatchResponsePublicDefaultAssociation",
    "BatchResponsePublicDefaultAssociationLinks",
    "CollectionResponseMultiAssociatedObjectWithLabelForwardPaging",
    "DateTime",
    "Error",
    "ErrorContext",
    "ErrorDetail",
    "ErrorDetailContext",
    "ErrorLinks",
    "ForwardPaging",
    "LabelsBetweenObjectPair",
    "MultiAssociatedObjectWithLabel",
    "NextPage",
    "Paging",
    "PreviousPage",
    "PublicAssociationMultiArchive",
    "PublicAssociationMultiPost",
    "PublicAssociationMultiWithLabel",
    "PublicDefaultAssociation",
    "PublicDefaultAssociationMultiPost",
    "PublicFetchAssociationsBatchRequest",
    "PublicObjectId",
    "ReportCreationResponse",
    "StandardError",
    "StandardErrorContext",
    "StandardErrorLinks",
    "StandardErrorSubCategory",
)
